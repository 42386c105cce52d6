export * from "./paths.js";
export * from "./peers.js";
export * from "./ports.js";
export * from "./process.js";
