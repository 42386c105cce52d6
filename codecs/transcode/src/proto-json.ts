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
  /** Accept and drop unknown JSON fields and unknown enum names instead of failing. */
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
