"""An SNS topic with an SQS queue subscribed to it, on a moto server, for tests of publishing.

  sns_queue.py setup ENDPOINT            prints {"topic": <arn>, "queue": <url>}
  sns_queue.py receive ENDPOINT QUEUE    prints the first message's SNS envelope (JSON), waiting
                                         up to 20 s for it; exits 1 when none came
"""
import json
import os
import sys

import boto3

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")


def clients(endpoint):
    def make(service):
        return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1")

    return make("sns"), make("sqs")


def setup(endpoint):
    sns, sqs = clients(endpoint)
    topic = sns.create_topic(Name="approvals")["TopicArn"]
    queue = sqs.create_queue(QueueName="approvals")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    print(json.dumps({"topic": topic, "queue": queue}))


def receive(endpoint, queue):
    _, sqs = clients(endpoint)
    answer = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1, WaitTimeSeconds=20)
    messages = answer.get("Messages", [])
    if not messages:
        sys.exit(1)
    print(messages[0]["Body"])


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    elif sys.argv[1] == "receive":
        receive(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + sys.argv[1])
