"""The local AWS API emulator: moto's server (Secrets Manager, S3, SQS, Kinesis,
DynamoDB and DynamoDB Streams, and the rest of moto) behind a thin WSGI wrapper that counts API calls per operation,
so tests can prove how often the exporter really called AWS.

  GET  /_counts        -> {"secretsmanager.GetSecretValue": 3, "s3.GET": 1, ...}
  POST /_counts/reset  -> clears the counters
  GET  /_identity      -> {"marker": SKE_STACK_MARKER} (the stack checks it reached its own emulator)

Usage: emulator.py PORT
"""
import json
import os
import sys
import threading
from collections import Counter

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

counts = Counter()
lock = threading.Lock()
moto_app = DomainDispatcherApplication(create_backend_app)


def operation(environ):
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        # JSON protocols: "secretsmanager.GetSecretValue", "AmazonSQS.SendMessage",
        # "Kinesis_20131202.PutRecord", "DynamoDBStreams_20120810.GetRecords".
        return target
    # S3 is REST: count by method.
    return "s3." + environ.get("REQUEST_METHOD", "?")


def reply(start_response, body):
    data = json.dumps(body).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/_counts":
        with lock:
            return reply(start_response, dict(counts))
    if path == "/_identity":
        return reply(start_response, {"marker": os.environ.get("SKE_STACK_MARKER", "")})
    if path == "/_counts/reset":
        with lock:
            counts.clear()
        return reply(start_response, {})
    if not path.startswith("/moto-api"):
        with lock:
            counts[operation(environ)] += 1
    return moto_app(environ, start_response)


if __name__ == "__main__":
    port = int(sys.argv[1])
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)
