"""The local AWS API emulator: moto's server (Secrets Manager, S3, SQS, Kinesis,
DynamoDB and DynamoDB Streams, and the rest of moto) behind a thin WSGI wrapper that counts API calls per operation,
so tests can prove how often the exporter really called AWS.

  GET  /_counts        -> {"secretsmanager.GetSecretValue": 3, "s3.GET": 1, ...}
  POST /_counts/reset  -> clears the counters
  GET  /_identity      -> {"marker": SKE_STACK_MARKER} (the stack checks it reached its own emulator)

STS (query protocol) is counted by its Action ("sts.AssumeRole"). Every
AssumeRole answer is also appended to SKE_IAM_SESSIONS_FILE (when set) as
Java properties: the broker's MSK IAM verifier looks unknown access keys up
there, as MSK asks IAM about a session key it has not seen. STS
GetCallerIdentity for a key of SKE_IAM_USERS_FILE (the stack's IAM user, which
moto does not know) answers with that key's principal ARN.

Usage: emulator.py PORT
"""
import io
import json
import os
import re
import sys
import threading
from collections import Counter
from datetime import datetime
from urllib.parse import parse_qs

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


def query_action(environ):
    """The Action of a form-encoded (query protocol) request such as STS's, keeping the body readable."""
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return None, None
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    form = parse_qs(body.decode("utf-8", "replace"))
    return (form.get("Action") or [None])[0], form


def signing_service(environ):
    """The service named in the SigV4 credential scope (sts, sns, ...) of a query-protocol request."""
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    return match.group(1) if match else "query"


def xml_field(text, name):
    match = re.search(f"<{name}>([^<]*)</{name}>", text)
    return match.group(1) if match else None


def record_session(form, body):
    """Appends the temporary key of an AssumeRole answer for the broker's verifier."""
    target = os.environ.get("SKE_IAM_SESSIONS_FILE")
    text = body.decode("utf-8", "replace")
    key_id = xml_field(text, "AccessKeyId")
    if not target or not key_id:
        return
    expiration = xml_field(text, "Expiration")
    expires_ms = int(datetime.fromisoformat(expiration.replace("Z", "+00:00")).timestamp() * 1000)
    role = (form.get("RoleArn") or ["unknown-role"])[0]
    # Only the role ARN is written as principal: the session name varies per caller, the policy is the role's.
    escape = lambda value: value.replace("\\", "\\\\")
    lines = [
        f"{key_id}.secretAccessKey={escape(xml_field(text, 'SecretAccessKey') or '')}",
        f"{key_id}.sessionToken={escape(xml_field(text, 'SessionToken') or '')}",
        f"{key_id}.expiration={expires_ms}",
        f"{key_id}.principal={role}",
    ]
    with lock, open(target, "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def assume_role(environ, start_response, form):
    """Runs AssumeRole in moto and records the session it issued."""
    answer = {}

    def capture(status, headers, exc_info=None):
        answer["status"] = status
        return start_response(status, headers, exc_info)

    body = b"".join(moto_app(environ, capture))
    if answer.get("status", "").startswith("200"):
        record_session(form, body)
    return [body]


def request_key(environ):
    match = re.search(r"Credential=([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    return match.group(1) if match else None


def known_user(key_id):
    """The principal ARN of one of the stack's own IAM users, or None."""
    source = os.environ.get("SKE_IAM_USERS_FILE")
    if not key_id or not source or not os.path.exists(source):
        return None
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            name, _, value = line.strip().partition("=")
            if name == f"{key_id}.principal":
                return value
    return None


def caller_identity(start_response, arn):
    account = arn.split(":")[4]
    body = (
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        f"<GetCallerIdentityResult><Arn>{arn}</Arn><UserId>{arn.rsplit('/', 1)[-1]}</UserId>"
        f"<Account>{account}</Account></GetCallerIdentityResult>"
        "<ResponseMetadata><RequestId>ske-local</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
    ).encode()
    start_response("200 OK", [("Content-Type", "text/xml"), ("Content-Length", str(len(body)))])
    return [body]


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
    if path.startswith("/moto-api"):
        return moto_app(environ, start_response)
    action, form = query_action(environ)
    with lock:
        counts[f"{signing_service(environ)}.{action}" if action else operation(environ)] += 1
    if action == "AssumeRole":
        return assume_role(environ, start_response, form)
    if action == "GetCallerIdentity":
        user = known_user(request_key(environ))
        if user:
            return caller_identity(start_response, user)
    return moto_app(environ, start_response)


if __name__ == "__main__":
    port = int(sys.argv[1])
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False)
