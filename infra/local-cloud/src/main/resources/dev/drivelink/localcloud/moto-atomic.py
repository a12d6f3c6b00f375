# moto's server, as `python3 -m moto.server -H HOST -p PORT` runs it, with one difference: DynamoDB
# requests are served one at a time. DynamoDB applies each write and its condition expression
# atomically; moto's threaded server does not (two conditional writes in two threads can both pass
# their condition), which made tests that race workers against each other fail for moto's sake.
# Other services (S3 bodies, SQS long polls) stay concurrent.
import os
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

args = [a for a in sys.argv[1:] if a != "moto.server"]
host = args[args.index("-H") + 1] if "-H" in args else "127.0.0.1"
port = int(args[args.index("-p") + 1]) if "-p" in args else 5000
os.environ.setdefault("MOTO_PORT", str(port))

moto_app = DomainDispatcherApplication(create_backend_app)
dynamodb = threading.Lock()


def app(environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with dynamodb:
            return list(moto_app(environ, start_response))
    return moto_app(environ, start_response)


run_simple(host, port, app, threaded=True)
