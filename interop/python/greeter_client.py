"""grpcio smoke client for tribridge.interop.Greeter.

Usage: greeter_client.py --target 127.0.0.1:N [--name NAME] [--timeout SECONDS]
Runs one check per RPC shape (plus the INVALID_ARGUMENT error path), prints one line per
check and finally `DONE ok=<n> fail=<m>`. Exit code 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import sys

import grpc

from _common import load_stubs

pb2, pb2_grpc = load_stubs()


def checks(stub, name: str, timeout: float):
    """Yield (label, thunk returning the observed value, expected value)."""
    req = pb2.HelloRequest

    def unary():
        return stub.SayHello(req(name=name), timeout=timeout).message

    def server_stream():
        return [r.message for r in stub.SayHelloStream(req(name=name), timeout=timeout)]

    def client_stream():
        return stub.Collect(iter([req(name="a"), req(name="b"), req(name="c")]), timeout=timeout).message

    def bidi():
        return [r.message for r in stub.Chat(iter([req(name="x"), req(name="y")]), timeout=timeout)]

    def unary_error():
        try:
            stub.SayHello(req(name=""), timeout=timeout)
        except grpc.RpcError as e:
            return (e.code().name, e.details())
        return "no error"

    yield "SayHello", unary, f"Hello, {name}!"
    yield "SayHelloStream", server_stream, [f"Hello, {name}! #{i}" for i in (1, 2, 3)]
    yield "Collect", client_stream, "Hello, a, b, c!"
    yield "Chat", bidi, ["Hello, x!", "Hello, y!"]
    yield "SayHello(empty)", unary_error, ("INVALID_ARGUMENT", "name is required")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of a Greeter server")
    parser.add_argument("--name", default="python")
    parser.add_argument("--timeout", type=float, default=5.0, help="deadline per RPC, seconds")
    args = parser.parse_args()

    ok = fail = 0
    with grpc.insecure_channel(args.target) as channel:
        stub = pb2_grpc.GreeterStub(channel)
        for label, run, expected in checks(stub, args.name, args.timeout):
            try:
                got = run()
            except grpc.RpcError as e:
                got = f"rpc error {e.code().name}: {e.details()}"
            except Exception as e:  # noqa: BLE001 - report any failure as a failed check
                got = f"{type(e).__name__}: {e}"
            if got == expected:
                ok += 1
                print(f"ok   {label}", flush=True)
            else:
                fail += 1
                print(f"FAIL {label}: expected {expected!r}, got {got!r}", flush=True)
    print(f"DONE ok={ok} fail={fail}", flush=True)
    return 0 if fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
