/**
 * CESU-8 (the Java wire form of Hessian strings) against Node's native UTF-8 as the peer.
 * For ASCII and BMP-only text CESU-8 and UTF-8 bytes are identical, so both sides do the
 * same work on the same bytes.
 */
import type { BenchCase } from "../../../scripts/bench-api.js";
import { ByteReader, ByteWriter, cesu8ByteLength, readCesu8Chars, writeCesu8 } from "../src/index.js";

function repeatTo(unit: string, length: number): string {
  let s = "";
  while (s.length < length) s += unit;
  return s.slice(0, length);
}

const inputs: ReadonlyArray<readonly [string, string]> = [
  ["ascii-16", repeatTo("getUserById-", 16)],
  ["ascii-1k", repeatTo("com.example.UserService/getUser?", 1024)],
  ["ascii-64k", repeatTo("The quick brown fox jumps over the lazy dog. ", 64 * 1024)],
  ["cjk-16", repeatTo("统一服务网关协议桥接", 16)],
  ["cjk-1k", repeatTo("蚂蚁金服分布式服务框架与阿里巴巴远程调用", 1024)],
  ["cjk-64k", repeatTo("中文字符串编码性能测试用例，包含标点。", 64 * 1024)],
];

function buildCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  const writer = new ByteWriter("bench", 256 * 1024);
  for (const [label, text] of inputs) {
    const bytes = cesu8ByteLength(text);
    const encoded = Buffer.from(text, "utf8");
    if (encoded.length !== bytes) throw new Error(`${label}: CESU-8 and UTF-8 sizes differ`);
    cases.push({
      name: `core/cesu8-encode/${label}`,
      bytes,
      ours: () => {
        writer.reset();
        writeCesu8(writer, text);
        return writer.pos;
      },
      peer: { name: "Buffer.from(utf8)", run: () => Buffer.from(text, "utf8") },
    });
    const check = readCesu8Chars(new ByteReader(encoded, "bench"), text.length);
    if (check !== text) throw new Error(`${label}: CESU-8 decode differs from the input`);
    cases.push({
      name: `core/cesu8-decode/${label}`,
      bytes,
      ours: () => readCesu8Chars(new ByteReader(encoded, "bench"), text.length),
      peer: { name: "buf.toString(utf8)", run: () => encoded.toString("utf8") },
    });
  }
  return cases;
}

export const cases: readonly BenchCase[] = buildCases();
