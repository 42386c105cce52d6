/** The harness itself, with tiny shell peers: readiness, failures carrying logs, group cleanup. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freePort, PeerStartError, parsePorts, runToCompletion, startPeer } from "./harness/index.js";

/** Whether `pid` is a live process (a zombie waiting to be reaped by init counts as dead). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("interop harness", () => {
  it("parses every key=port pair of a readiness line", () => {
    expect(parsePorts("READY dubbo=20880 tri=50051")).toEqual({ dubbo: 20880, tri: 50051 });
  });

  it("waits for the readiness line and stops the whole process group", async () => {
    const peer = await startPeer({
      name: "sh-peer",
      command: "sh",
      args: ["-c", "sleep 30 & echo child=$!; echo booting >&2; sleep 0.2; echo READY port=1234; wait"],
      ready: /^READY /,
      timeoutMs: 5_000,
    });
    expect(peer.ports).toEqual({ port: 1234 });
    const childPid = Number(/child=(\d+)/.exec(peer.log())![1]);
    expect(alive(childPid)).toBe(true);
    const exit = await peer.stop(1_000);
    expect(exit.signal).toBe("SIGTERM");
    expect(peer.running()).toBe(false);
    for (let i = 0; i < 20 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(childPid)).toBe(false);
  });

  it("escalates to SIGKILL when SIGTERM is ignored", async () => {
    const peer = await startPeer({
      name: "stubborn",
      command: "sh",
      args: ["-c", "trap '' TERM; echo READY; while :; do sleep 0.1; done"],
      ready: /^READY/,
      timeoutMs: 5_000,
    });
    const started = Date.now();
    expect((await peer.stop(300)).signal).toBe("SIGKILL");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("fails with the peer's output when it exits before being ready", async () => {
    const error = await startPeer({
      name: "crasher",
      command: "sh",
      args: ["-c", "echo 'bind failed: address in use' >&2; exit 3"],
      ready: /^READY/,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeerStartError);
    expect(String(error)).toMatch(/exit code 3/);
    expect(String(error)).toContain("err| bind failed: address in use");
  });

  it("fails after the timeout, and kills the silent peer", async () => {
    const error = await startPeer({
      name: "silent",
      command: "sh",
      args: ["-c", "echo starting; sleep 30"],
      ready: /^READY/,
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/no line matching .* within 300 ms/);
    expect(String(error)).toContain("out| starting");
  });

  it("fails clearly when the command does not exist", async () => {
    const error = await startPeer({ name: "ghost", command: "/nonexistent/peer", ready: /READY/ }).catch((e) => e);
    expect(String(error)).toMatch(/could not be spawned: .*ENOENT/);
  });

  it("runs a command to completion, and kills it at its timeout", async () => {
    const ok = await runToCompletion("sh", ["-c", "cat; echo err >&2; exit 4"], { input: "in\n", timeoutMs: 5_000 });
    expect({ code: ok.code, stdout: ok.stdout, stderr: ok.stderr, timedOut: ok.timedOut }).toEqual({
      code: 4,
      stdout: "in\n",
      stderr: "err\n",
      timedOut: false,
    });
    const slow = await runToCompletion("sh", ["-c", "sleep 30"], { timeoutMs: 200 });
    expect(slow.timedOut).toBe(true);
    expect(slow.describe()).toContain("timed out after 200 ms");
  });

  it("finds a free loopback port", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
  });
});
