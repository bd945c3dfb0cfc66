/**
 * The SAM app the change-impact tests commit, in three shapes: the base, the change (an
 * unauthenticated route and a wildcard statement) and the change reformatted (keys reordered,
 * indentation changed, comments and blank lines added, then converted to JSON).
 */

export const HANDLER = `exports.handler = async () => ({ statusCode: 200, body: '[]' });\n`;

export const BASE_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: orders service
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref OrdersTable
      Events:
        ListOrders:
          Type: Api
          Properties:
            Path: /orders
            Method: get
            Auth:
              Authorizer: AWS_IAM
`;

export const CHANGED_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: orders service
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref OrdersTable
        - Statement:
            - Effect: Allow
              Action: 's3:*'
              Resource: '*'
      Events:
        ListOrders:
          Type: Api
          Properties:
            Path: /orders
            Method: get
            Auth:
              Authorizer: AWS_IAM
        CreateOrder:
          Type: Api
          Properties:
            Path: /orders
            Method: post
`;

/** CHANGED_TEMPLATE with keys reordered, 4-space indentation, flow lists, comments and blank lines. */
export const REFORMATTED_TEMPLATE = `# Orders service — reformatted, same meaning.

Description: "orders service"
Transform: "AWS::Serverless-2016-10-31"
AWSTemplateFormatVersion: "2010-09-09"

Resources:

    # the function first now
    OrdersFunction:
        Type: "AWS::Serverless::Function"
        Properties:
            Events:
                CreateOrder:
                    Properties: { Method: post, Path: /orders }
                    Type: Api
                ListOrders:
                    Type: Api
                    Properties:
                        Auth: { Authorizer: AWS_IAM }
                        Method: get
                        Path: /orders
            Policies:
                -   DynamoDBReadPolicy:
                        TableName: { Ref: OrdersTable }
                -   Statement:
                        -   Resource: "*"
                            Action: "s3:*"
                            Effect: Allow
            CodeUri: src/
            Runtime: nodejs20.x
            Handler: index.handler

    OrdersTable:
        Properties:
            KeySchema: [{ KeyType: HASH, AttributeName: id }]
            AttributeDefinitions: [{ AttributeType: S, AttributeName: id }]
            BillingMode: PAY_PER_REQUEST
        Type: AWS::DynamoDB::Table
`;

/** The same template as JSON, keys in yet another order. */
export const JSON_TEMPLATE = `${JSON.stringify(
  {
    Resources: {
      OrdersTable: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        },
      },
      OrdersFunction: {
        Properties: {
          CodeUri: 'src/',
          Events: {
            ListOrders: { Properties: { Auth: { Authorizer: 'AWS_IAM' }, Path: '/orders', Method: 'get' }, Type: 'Api' },
            CreateOrder: { Type: 'Api', Properties: { Path: '/orders', Method: 'post' } },
          },
          Handler: 'index.handler',
          Policies: [{ DynamoDBReadPolicy: { TableName: { Ref: 'OrdersTable' } } }, { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
          Runtime: 'nodejs20.x',
        },
        Type: 'AWS::Serverless::Function',
      },
    },
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'orders service',
    Transform: 'AWS::Serverless-2016-10-31',
  },
  null,
  3,
)}\n`;
