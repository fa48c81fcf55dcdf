/**
 * JUnit Jupiter support for tests that query SQLite databases straight from S3 replicas:
 * {@link io.github.ltxkit.junit.LitestreamDatabase} declares a test database seeded from a fixture,
 * {@link io.github.ltxkit.junit.StorageFault} breaks its storage on purpose, and
 * {@link io.github.ltxkit.junit.LitestreamExtension} declares one in code. Works on JUnit Jupiter 5.10 and later,
 * 6.x included.
 */
package io.github.ltxkit.junit;
