/**
 * The LTX file format as Litestream v0.5.x writes it: decode, encode, random page access, compaction, checksums,
 * and conversion between SQLite database files and snapshots.
 *
 * <p>Start with {@link io.github.ltxkit.ltx.LtxDecoder} to read and verify a whole file,
 * {@link io.github.ltxkit.ltx.PageIndex#read} and {@link io.github.ltxkit.ltx.PageFrames#decode} to serve single
 * pages from byte ranges, {@link io.github.ltxkit.ltx.LtxEncoder} to write a file, and
 * {@link io.github.ltxkit.ltx.DatabaseFiles} for {@code .db} files. Every format error is an
 * {@link io.github.ltxkit.ltx.LtxFormatException} naming the file, the offset and the field.
 */
package io.github.ltxkit.ltx;
