import { descriptorToType, typeToDescriptor } from "@tribridge/dubbo";

/**
 * Wrapper-mode `argTypes` hold `Class.getName()` strings (Dubbo Java writes `[B` for byte[]
 * and `[Ljava.lang.String;` for String[]), while the invocation model uses source names.
 */
export function classNameToType(name: string): string {
  return name.startsWith("[") ? descriptorToType(name.replaceAll(".", "/")) : name;
}

export function typeToClassName(type: string): string {
  return type.endsWith("[]") ? typeToDescriptor(type).replaceAll("/", ".") : type;
}
