/**
 * The machinery of the JUnit extension: scopes kept in JUnit's stores, the fixture cache, the storage backends,
 * field and parameter injection. Not API: nothing here is supported for use outside ltxkit, and it changes
 * without notice.
 */
package io.github.ltxkit.junit.internal;
