import { DecodeError } from "@tribridge/core";
import {
  Code,
  CompressionRegistry,
  compressMessage,
  decompressMessage,
  deflate,
  gzip,
  identity,
  resolveEncoding,
  type StatusError,
} from "@tribridge/triple";
import { describe, expect, it } from "vitest";

const sample = new TextEncoder().encode("hello hello hello hello ".repeat(100));

describe("compression", () => {
  for (const c of [gzip, deflate]) {
    it(`round-trips ${c.name}`, async () => {
      const packed = await c.compress(sample);
      expect(packed.length).toBeLessThan(sample.length);
      expect(await c.decompress(packed, 1 << 20)).toEqual(sample);
    });
  }

  it("gzip output is real gzip (magic bytes) and deflate is zlib", async () => {
    expect([...(await gzip.compress(sample)).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect((await deflate.compress(sample))[0]! & 0x0f).toBe(8);
  });

  it("stops inflating a bomb at the limit", async () => {
    const bomb = await gzip.compress(new Uint8Array(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const err = await gzip.decompress(bomb, 64 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).reason).toBe("limit-exceeded");
  });

  it("reports corrupt data as malformed", async () => {
    const err = await gzip.decompress(Uint8Array.of(1, 2, 3, 4), 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).reason).toBe("malformed");
  });

  it("applies message flags, limits and the identity rule", async () => {
    const { flags, data } = await compressMessage(sample, gzip);
    expect(flags).toBe(1);
    expect(await decompressMessage(flags, data, gzip, 1 << 20)).toEqual(sample);
    expect((await compressMessage(sample, gzip, 1 << 20)).flags).toBe(0);
    const e = await decompressMessage(1, data, identity, 1 << 20).catch((x: unknown) => x);
    expect((e as StatusError).code).toBe(Code.INTERNAL);
    await expect(decompressMessage(0, sample, gzip, 10)).rejects.toThrow(DecodeError);
  });

  it("negotiates codings", () => {
    const reg = new CompressionRegistry();
    expect(reg.acceptEncoding()).toBe("gzip,deflate,identity");
    expect(reg.negotiate("gzip", undefined).name).toBe("gzip");
    expect(reg.negotiate("gzip", "br, deflate").name).toBe("deflate");
    expect(reg.negotiate(undefined, "br").name).toBe("identity");
    expect(resolveEncoding(reg, "GZIP", "server").name).toBe("gzip");
    expect(() => resolveEncoding(reg, "snappy", "server")).toThrow(/UNIMPLEMENTED/);
    expect(() => resolveEncoding(reg, "snappy", "client")).toThrow(/INTERNAL/);
  });
});
