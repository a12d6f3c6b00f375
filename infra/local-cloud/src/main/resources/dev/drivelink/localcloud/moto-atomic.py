# moto's server, as `python3 -m moto.server -H HOST -p PORT` runs it, with one difference: DynamoDB
# requests are served one at a time. DynamoDB applies each write and its condition expression
# atomically; moto's threaded server does not (two conditional writes in two threads can both pass
# their condition), which made tests that race workers against each other fail for moto's sake.
# Other services (S3 bodies, SQS long polls) stay concurrent.
#
# And one more: moto backs up every table a TransactWriteItems touches with a deep copy of the whole
# table (to roll back a cancelled transaction), so each transaction costs time in proportion to the
# table: a first sync of 500 files took 530 s, mostly copying. Here a transaction keeps the items it
# touches instead (at most 100) and puts exactly those back when it is cancelled.
import copy
import os
import sys
import threading

import moto.dynamodb.models as dynamodb_models
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

_real_deepcopy = copy.deepcopy


class _KeepTables:
    """copy for moto's DynamoDB module: a Table is not copied (the wrapper below undoes by item)."""

    def __getattr__(self, name):
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value, *args, **kwargs):
        if isinstance(value, dynamodb_models.Table):
            return value
        return _real_deepcopy(value, *args, **kwargs)


def _touched(backend, transact_items):
    """(table name, key, the item's attributes before, or None) for each item a transaction names."""
    before = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table_name = op["TableName"]
        table = backend.get_table(table_name)
        if op_type == "Put":
            attrs = op["Item"]
            key = {table.hash_key_attr: attrs[table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = attrs[table.range_key_attr]
        else:
            key = op["Key"]
        current = backend.get_item(table_name, key)
        before.append((table_name, key, None if current is None else _real_deepcopy(current.to_json()["Attributes"])))
    return before


def _restore(backend, before):
    for table_name, key, attrs in reversed(before):
        if attrs is None:
            if backend.get_item(table_name, key) is not None:
                backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, attrs)


_original_transact = dynamodb_models.DynamoDBBackend.transact_write_items


def _transact_write_items(self, transact_items):
    try:
        before = _touched(self, transact_items)
    except Exception:
        return _original_transact(self, transact_items)  # moto reports what is wrong with the request
    dynamodb_models.copy = _KeepTables()
    try:
        return _original_transact(self, transact_items)
    except Exception:
        _restore(self, before)
        raise
    finally:
        dynamodb_models.copy = copy


dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items

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
