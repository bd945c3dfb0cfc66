package main

import (
	"context"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(ctx context.Context, req events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	out, err := exec.Command("sh", "-c", "price-tool --sku "+req.QueryStringParameters["sku"]).Output()
	if err != nil {
		return events.LambdaFunctionURLResponse{StatusCode: 500}, nil
	}
	return events.LambdaFunctionURLResponse{StatusCode: 200, Body: string(out)}, nil
}

func main() {
	lambda.Start(handle)
}
