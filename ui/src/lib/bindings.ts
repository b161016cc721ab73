// Generated from the Rust DTOs in src-tauri/src/{dto,error}.rs by
// `UPDATE_BINDINGS=1 cargo test -p tessera-app --test bindings`. Do not edit.

export type AppInfo = { 
/**
 * Semantic version of the app.
 */
version: string, };

export type ErrorKind = "invalidInput" | "internal";

export type IpcError = { 
/**
 * Stable kind to branch on.
 */
kind: ErrorKind, 
/**
 * Human-readable detail (English).
 */
message: string, };

export type KeyProblem = { "kind": "empty" } | { "kind": "invalidCharacter", 
/**
 * 1-based position in the text as typed.
 */
position: number, 
/**
 * The character at fault.
 */
character: string, 
/**
 * The letter it is probably meant to be.
 */
hint: string | null, } | { "kind": "misplacedPadding", 
/**
 * 1-based position of the `=`.
 */
position: number, } | { "kind": "incomplete", 
/**
 * Key characters found.
 */
symbols: number, } | { "kind": "tooShort", 
/**
 * Bits in the key.
 */
bits: number, };

export type KeyCheck = { "status": "valid", 
/**
 * Key size in bits.
 */
bits: number, 
/**
 * Accepted but under 128 bits.
 */
weak: boolean, 
/**
 * The 6-digit SHA1/30 s code the key gives now, to check against the website.
 */
code: string, 
/**
 * Seconds until that code changes.
 */
secondsRemaining: number, } | { "status": "invalid", 
/**
 * What is wrong.
 */
problem: KeyProblem, };
