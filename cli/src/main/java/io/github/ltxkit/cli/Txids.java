package io.github.ltxkit.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** TXIDs on the command line: hexadecimal, as Litestream and {@code ltxkit ls} print them. Stateless. */
final class Txids {
    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{1,16}");

    private Txids() {
    }

    /** Parses 1 to 16 hex digits (optionally {@code 0x}-prefixed) into a TXID of at least 1. */
    static long parse(String text) {
        String t = text.strip();
        if (!HEX.matcher(t).matches()) {
            throw new TypeConversionException("invalid TXID '" + text + "': want 1 to 16 hex digits, e.g. "
                    + "0000000000000003 or 3");
        }
        long v = Long.parseUnsignedLong(t.startsWith("0x") ? t.substring(2) : t, 16);
        if (v == 0) {
            throw new TypeConversionException("invalid TXID '" + text + "': TXIDs start at 1");
        }
        return v;
    }

    /** The picocli converter for TXID options. */
    static final class Converter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value);
        }
    }
}
