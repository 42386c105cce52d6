import type { JsonReadOptions, JsonWriteOptions, Registry } from "@bufbuild/protobuf";

/**
 * proto3 JSON options, named as gateways name them, mapped onto protobuf-es's own. The
 * defaults are proto3 JSON's (and Envoy's transcoder's): lowerCamelCase names, enum names,
 * default values omitted, unknown fields rejected.
 */
export interface ProtoJsonOptions {
  /** Print fields at their default value (Envoy `always_print_primitive_fields`). */
  readonly emitDefaults?: boolean;
  /** Print enums as numbers (Envoy `always_print_enums_as_ints`). */
  readonly enumsAsNumbers?: boolean;
  /** Print proto field names instead of lowerCamelCase (Envoy `preserve_proto_field_names`). */
  readonly protoFieldNames?: boolean;
  /**
   * Unknown keys in a request body. Unset (default): dropped, as Envoy's transcoder does
   * (it has no way to refuse them), while unknown enum names are still refused. `true`:
   * unknown keys and unknown enum names dropped. `false`: both refused (strict proto3 JSON).
   */
  readonly ignoreUnknownFields?: boolean;
}

export function readOptions(o: ProtoJsonOptions, registry: Registry): Partial<JsonReadOptions> {
  return { ignoreUnknownFields: o.ignoreUnknownFields ?? false, registry };
}

export function writeOptions(o: ProtoJsonOptions, registry: Registry): Partial<JsonWriteOptions> {
  return {
    alwaysEmitImplicit: o.emitDefaults ?? false,
    enumAsInteger: o.enumsAsNumbers ?? false,
    useProtoFieldName: o.protoFieldNames ?? false,
    registry,
  };
}
