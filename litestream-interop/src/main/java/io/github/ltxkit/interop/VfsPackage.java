package io.github.ltxkit.interop;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pinned npm package that holds a build of the Litestream VFS loadable extension, and the digests that identify
 * it: the registry's {@code dist.integrity} of the tarball and the SHA-256 of the extension inside it.
 *
 * <p>{@link #LINUX_AMD64_0_5_17} is the build the interoperability tests use. Immutable.
 *
 * @param name       the npm package name, e.g. {@code litestream-vfs-linux-amd64}
 * @param version    the exact package version, e.g. {@code 0.5.17}
 * @param integrity  the tarball's subresource-integrity string, {@code sha512-<base64>}, as {@code npm view
 *                   <name>@<version> dist.integrity} prints it
 * @param entry      the path of the extension inside the tarball, e.g. {@code package/litestream-vfs.so}
 * @param sha256     the lowercase hex SHA-256 of the extension file
 * @param size       the extension file's length in bytes
 */
public record VfsPackage(String name, String version, String integrity, String entry, String sha256, long size) {
    // Declared before the constant below, which the compact constructor checks with them.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+[0-9A-Za-z.+-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The Litestream VFS 0.5.17 for Linux on x86-64 (glibc), about 84 MB unpacked. */
    public static final VfsPackage LINUX_AMD64_0_5_17 = new VfsPackage("litestream-vfs-linux-amd64", "0.5.17",
            "sha512-oCiQoDfHP3rasOnx2yjwOJ8IiLyAxuo61jke/117UA0WwKq3czbsiw2L5u8TZtt4VPET4f2Q+1s6CrQeqbF/JQ==",
            "package/litestream-vfs.so", "3aadda9ae150e0f5236c0d8141e9db298361996d45d1d72500f2dd791e8ccfb9",
            84_451_032L);

    /** Checks the fields. */
    public VfsPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(sha256, "sha256");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid npm package name: '" + name + "'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be exact (x.y.z): '" + version + "'");
        }
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("integrity must be a sha512 subresource-integrity string: '"
                    + integrity + "'");
        }
        if (entry.isEmpty() || entry.startsWith("/") || entry.contains("..")) {
            throw new IllegalArgumentException("entry must be a relative path inside the tarball: '" + entry + "'");
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: '" + sha256 + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
    }

    /** Returns the package spec npm understands, {@code <name>@<version>}. */
    public String spec() {
        return name + "@" + version;
    }

    /** Returns the file name of the extension, the last part of {@link #entry()}. */
    public String fileName() {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }
}
