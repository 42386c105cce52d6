"""Writes a minimal Envoy bootstrap: HTTP on 127.0.0.1:<listen> proxied to 127.0.0.1:<upstream>.

Usage: envoy_minimal.py --listen-port N --upstream-port M --admin-port K
                        [--upstream-http2] [--grpc-web] [--out FILE]
Any port may be 0 (Envoy picks one; read it back from the admin /listeners endpoint).
--upstream-http2 speaks HTTP/2 (h2c) to the upstream, as a gRPC server needs;
--grpc-web adds envoy.filters.http.grpc_web in front of the router.
Without --out the YAML goes to stdout. Run it with:
  interop/python/.venv/bin/envoy -c FILE --disable-hot-restart
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from envoy_bootstrap import render_bootstrap, write_yaml

GRPC_WEB_FILTER = """\
          - name: envoy.filters.http.grpc_web
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.grpc_web.v3.GrpcWeb
"""

def render(listen_port: int, upstream_port: int, admin_port: int, *, upstream_http2: bool = False,
           grpc_web: bool = False, route_timeout: str = "15s") -> str:
    return render_bootstrap("envoy_minimal.py", listen_port, upstream_port, admin_port,
                            http_filters=GRPC_WEB_FILTER if grpc_web else "", upstream_http2=upstream_http2,
                            route_timeout=route_timeout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--admin-port", type=int, required=True)
    parser.add_argument("--upstream-http2", action="store_true", help="h2c to the upstream (gRPC)")
    parser.add_argument("--grpc-web", action="store_true", help="add the grpc_web filter")
    parser.add_argument("--route-timeout", default="15s", help="route timeout; 0s disables (streaming)")
    parser.add_argument("--out", type=Path, help="file to write; stdout when absent")
    args = parser.parse_args()
    try:
        yaml = render(args.listen_port, args.upstream_port, args.admin_port, upstream_http2=args.upstream_http2,
                      grpc_web=args.grpc_web, route_timeout=args.route_timeout)
    except ValueError as e:
        parser.error(str(e))
    write_yaml(yaml, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
