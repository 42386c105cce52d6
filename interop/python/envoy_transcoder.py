"""Writes an Envoy bootstrap with envoy.filters.http.grpc_json_transcoder in front of an h2c gRPC upstream.

Usage: envoy_transcoder.py --listen-port N --upstream-port M --admin-port K --descriptor FILE
                           --service pkg.Service [--service ...] [options] [--out FILE]
       [--proto FILE.proto --proto-path DIR ...]   compile FILE.proto (with imports) into --descriptor first

HTTP/JSON on 127.0.0.1:<listen> is transcoded to gRPC and sent over h2c to 127.0.0.1:<upstream>.
The transcoder options default to what @tribridge/transcode's HttpTranscoder does by default
(docs/transcode.md): requests that match no rule are rejected (404), unknown query parameters
are rejected (400), multi-segment variables keep reserved escapes, `+` in a query stays `+`,
only declared custom verbs are verbs, gRPC errors become google.rpc.Status JSON, and JSON is
printed with lowerCamelCase names, enum names and defaults omitted. Flags change each of those.
Any port may be 0 except the upstream's. Without --out the YAML goes to stdout. Run it with:
  interop/python/.venv/bin/envoy -c FILE --disable-hot-restart
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from envoy_bootstrap import render_bootstrap, write_yaml

URL_UNESCAPE_SPECS = ("ALL_CHARACTERS_EXCEPT_RESERVED", "ALL_CHARACTERS_EXCEPT_SLASH", "ALL_CHARACTERS")

TRANSCODER_FILTER = """\
          - name: envoy.filters.http.grpc_json_transcoder
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder
{transcoder}
"""


def transcoder_config(descriptor: str, services: list[str], *, url_unescape_spec: str = URL_UNESCAPE_SPECS[0],
                      query_param_unescape_plus: bool = False, match_unregistered_custom_verb: bool = False,
                      ignore_unknown_query_parameters: bool = False, reject_unknown: bool = True,
                      ignored_query_parameters: list[str] | None = None, auto_mapping: bool = False,
                      convert_grpc_status: bool = True, always_print_primitive_fields: bool = False,
                      always_print_enums_as_ints: bool = False, preserve_proto_field_names: bool = False) -> dict:
    """The GrpcJsonTranscoder message (v3) as a dict; JSON is valid YAML, so it is embedded as is."""
    if not services:
        raise ValueError("at least one --service is needed")
    if url_unescape_spec not in URL_UNESCAPE_SPECS:
        raise ValueError(f"url_unescape_spec must be one of {', '.join(URL_UNESCAPE_SPECS)}")
    config: dict = {
        "proto_descriptor": descriptor,
        "services": services,
        "print_options": {
            "add_whitespace": False,
            "always_print_primitive_fields": always_print_primitive_fields,
            "always_print_enums_as_ints": always_print_enums_as_ints,
            "preserve_proto_field_names": preserve_proto_field_names,
        },
        "url_unescape_spec": url_unescape_spec,
        "query_param_unescape_plus": query_param_unescape_plus,
        "match_unregistered_custom_verb": match_unregistered_custom_verb,
        "ignore_unknown_query_parameters": ignore_unknown_query_parameters,
        "auto_mapping": auto_mapping,
        "convert_grpc_status": convert_grpc_status,
        "request_validation_options": {
            "reject_unknown_method": reject_unknown,
            "reject_unknown_query_parameters": reject_unknown,
        },
    }
    if ignored_query_parameters:
        config["ignored_query_parameters"] = ignored_query_parameters
    return config


def render(listen_port: int, upstream_port: int, admin_port: int, transcoder: dict, *,
           route_timeout: str = "15s") -> str:
    return render_bootstrap("envoy_transcoder.py", listen_port, upstream_port, admin_port,
                            http_filters=TRANSCODER_FILTER.format(transcoder=_indent(transcoder)),
                            upstream_http2=True, route_timeout=route_timeout)


def _indent(transcoder: dict) -> str:
    # The typed_config mapping already holds "@type"; the other keys follow as flow-style JSON values.
    return "\n".join(f"              {json.dumps(k)}: {json.dumps(v)}" for k, v in transcoder.items())


def compile_descriptor(proto: Path, proto_paths: list[Path], out: Path) -> None:
    """protoc --include_imports --descriptor_set_out=out (grpcio-tools, in process; its own google/protobuf)."""
    import grpc_tools
    from grpc_tools import protoc

    well_known = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", "--include_imports", f"--descriptor_set_out={out}"]
    args += [f"-I{p}" for p in proto_paths] + [f"-I{well_known}", str(proto)]
    if protoc.main(args) != 0:
        raise ValueError(f"protoc failed for {proto}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--admin-port", type=int, required=True)
    parser.add_argument("--descriptor", type=Path, required=True, help="FileDescriptorSet (binary) to use")
    parser.add_argument("--service", action="append", default=[], help="fully qualified service name")
    parser.add_argument("--proto", type=Path, help="compile this .proto into --descriptor first")
    parser.add_argument("--proto-path", type=Path, action="append", default=[], help="import path for --proto")
    parser.add_argument("--url-unescape-spec", default=URL_UNESCAPE_SPECS[0], choices=URL_UNESCAPE_SPECS)
    parser.add_argument("--query-param-unescape-plus", action="store_true")
    parser.add_argument("--match-unregistered-custom-verb", action="store_true")
    parser.add_argument("--ignore-unknown-query-parameters", action="store_true")
    parser.add_argument("--pass-through-unknown", action="store_true",
                        help="Envoy's own default: pass unmatched requests and unknown query parameters through")
    parser.add_argument("--ignored-query-parameter", action="append", default=[])
    parser.add_argument("--auto-mapping", action="store_true")
    parser.add_argument("--no-convert-grpc-status", action="store_true")
    parser.add_argument("--always-print-primitive-fields", action="store_true")
    parser.add_argument("--always-print-enums-as-ints", action="store_true")
    parser.add_argument("--preserve-proto-field-names", action="store_true")
    parser.add_argument("--route-timeout", default="15s")
    parser.add_argument("--out", type=Path, help="file to write; stdout when absent")
    args = parser.parse_args()
    try:
        if args.proto is not None:
            compile_descriptor(args.proto, args.proto_path, args.descriptor)
        transcoder = transcoder_config(
            str(args.descriptor.resolve()), args.service,
            url_unescape_spec=args.url_unescape_spec,
            query_param_unescape_plus=args.query_param_unescape_plus,
            match_unregistered_custom_verb=args.match_unregistered_custom_verb,
            ignore_unknown_query_parameters=args.ignore_unknown_query_parameters,
            reject_unknown=not args.pass_through_unknown,
            ignored_query_parameters=args.ignored_query_parameter,
            auto_mapping=args.auto_mapping,
            convert_grpc_status=not args.no_convert_grpc_status,
            always_print_primitive_fields=args.always_print_primitive_fields,
            always_print_enums_as_ints=args.always_print_enums_as_ints,
            preserve_proto_field_names=args.preserve_proto_field_names,
        )
        yaml = render(args.listen_port, args.upstream_port, args.admin_port, transcoder,
                      route_timeout=args.route_timeout)
    except ValueError as e:
        parser.error(str(e))
    write_yaml(yaml, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
