// What the DynamoDB store and the jobs table take from the AWS SDK, named, in the one module they
// load with `import()`. Importing the packages themselves would keep every DynamoDB command in an
// app's bundle: an `import()` result is a whole namespace, which esbuild cannot tree-shake.
export { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
export {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
