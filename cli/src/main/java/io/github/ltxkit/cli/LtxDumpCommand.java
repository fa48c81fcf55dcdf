package io.github.ltxkit.cli;

import io.github.ltxkit.ltx.DatabaseChecksum;
import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFileSummary;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.ltx.PageIndex;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ltxkit ltx dump FILE}: prints an LTX file's header, page index position and trailer after verifying the
 * whole file; with {@code --pages}, one line per page frame.
 *
 * <p>Picocli fills the fields from the command line, then one thread calls {@code call()}: not thread-safe, one run
 * per instance.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the header, page index and checksums of an LTX file, verifying all of it.",
                "With --pages, list every page frame: page number, offset, frame size, compressed size, encoding and",
                "page checksum."})
final class LtxDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The LTX file.")
    Path file;

    @Option(names = "--pages", description = "List every page frame.")
    boolean pages;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String source = file.toString();
        List<long[]> checksums = new ArrayList<>();
        LtxFileSummary summary;
        try (LtxDecoder decoder = LtxDecoder.open(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                source)) {
            LtxHeader h = decoder.header();
            printHeader(out, h);
            out.flush();
            byte[] page = new byte[h.pageSize()];
            for (long pgno; (pgno = decoder.readPage(page)) != 0; ) {
                if (pages) {
                    checksums.add(new long[] {pgno, DatabaseChecksum.pageChecksum(pgno, page)});
                }
            }
            summary = decoder.summary();
        }
        row(out, "pages", summary.pageCount() + " (" + Progress.bytes((long) summary.pageCount()
                * summary.header().pageSize()) + " uncompressed)");
        row(out, "page index", "offset " + summary.indexOffset() + ", " + summary.indexSize() + " bytes");
        row(out, "post-apply checksum", Ltx.formatChecksum(summary.postApplyChecksum())
                + (summary.header().hasChecksums() ? "" : " (not tracked)"));
        row(out, "file checksum", Ltx.formatChecksum(summary.fileChecksum()) + " (verified)");
        row(out, "file size", summary.fileSize() + " bytes");
        if (pages) {
            printFrames(out, summary, checksums);
        }
        return ExitCodes.OK;
    }

    private void printHeader(PrintWriter out, LtxHeader h) {
        row(out, "file", file.toString());
        row(out, "flags", String.format("0x%08x%s", h.flags(), h.hasChecksums() ? "" : " (no checksums)"));
        row(out, "page size", Integer.toString(h.pageSize()));
        row(out, "commit", h.commit() + " pages (" + Progress.bytes(h.commit() * h.pageSize()) + ")");
        row(out, "TXID range", h.txRange() + (h.isSnapshot() ? " (snapshot)" : ""));
        row(out, "timestamp", Instant.ofEpochMilli(h.timestamp()) + " (" + h.timestamp() + " ms)");
        row(out, "pre-apply checksum", Ltx.formatChecksum(h.preApplyChecksum()));
        row(out, "WAL", "offset " + h.walOffset() + ", size " + h.walSize() + String.format(", salts %08x/%08x",
                h.walSalt1(), h.walSalt2()));
        row(out, "node id", Long.toUnsignedString(h.nodeId()));
    }

    /** Prints one line per frame, with sizes from the page index and the frame headers themselves. */
    private void printFrames(PrintWriter out, LtxFileSummary summary, List<long[]> checksums) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            PageIndex index = PageIndex.read((offset, length) -> readAt(ch, offset, length), summary.fileSize(),
                    file.toString());
            out.println();
            out.printf("%-10s %-12s %-10s %-10s %-9s %s%n", "PGNO", "OFFSET", "FRAME", "PAYLOAD", "ENCODING",
                    "PAGE_CHECKSUM");
            for (int i = 0; i < index.size(); i++) {
                byte[] frameHeader = readAt(ch, index.offset(i), Math.min(10, index.frameSize(i)));
                int flags = ((frameHeader[4] & 0xff) << 8) | (frameHeader[5] & 0xff);
                boolean block = (flags & Ltx.PAGE_FLAG_SIZE) != 0;
                long payload = block ? Integer.toUnsignedLong(ByteBuffer.wrap(frameHeader, 6, 4).getInt())
                        : index.frameSize(i) - Ltx.PAGE_HEADER_SIZE;
                out.printf("%-10d %-12d %-10d %-10d %-9s %s%n", index.pgno(i), index.offset(i), index.frameSize(i),
                        payload, block ? "lz4-block" : "lz4-frame", Ltx.formatChecksum(checksums.get(i)[1]));
            }
        }
    }

    private static byte[] readAt(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        return b.position() == length ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("%-20s %s%n", name + ":", value);
    }
}
