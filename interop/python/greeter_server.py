"""grpcio server for interop/proto/greeter.proto (tribridge.interop.Greeter).

Usage: greeter_server.py [--host 127.0.0.1] [--port 0]
Prints `READY port=<n>` on stdout once listening; stops gracefully on SIGTERM/SIGINT.
Server reflection is enabled so grpcurl can list and describe without proto files.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from concurrent import futures

import grpc
from grpc_reflection.v1alpha import reflection

from _common import load_stubs

pb2, pb2_grpc = load_stubs()

STREAM_REPLIES = 3
SERVICE_NAME = pb2.DESCRIPTOR.services_by_name["Greeter"].full_name


class Greeter(pb2_grpc.GreeterServicer):
    def SayHello(self, request, context):
        if not request.name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "name is required")
        return pb2.HelloReply(message=f"Hello, {request.name}!")

    def SayHelloStream(self, request, context):
        if not request.name:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "name is required")
        for i in range(1, STREAM_REPLIES + 1):
            yield pb2.HelloReply(message=f"Hello, {request.name}! #{i}")

    def Collect(self, request_iterator, context):
        names = [r.name for r in request_iterator]
        return pb2.HelloReply(message=f"Hello, {', '.join(names)}!")

    def Chat(self, request_iterator, context):
        for r in request_iterator:
            yield pb2.HelloReply(message=f"Hello, {r.name}!")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers))
    pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    reflection.enable_server_reflection((SERVICE_NAME, reflection.SERVICE_NAME), server)
    port = server.add_insecure_port(f"{args.host}:{args.port}")
    if port == 0:
        print(f"cannot bind {args.host}:{args.port}", file=sys.stderr)
        return 1
    server.start()

    stopping = threading.Event()

    def on_signal(signum, _frame):
        print(f"signal {signum}: stopping", file=sys.stderr, flush=True)
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"READY port={port}", flush=True)
    while not stopping.wait(0.5):
        pass
    server.stop(grace=1.0).wait(3.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
