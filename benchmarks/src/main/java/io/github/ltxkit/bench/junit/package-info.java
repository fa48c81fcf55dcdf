/**
 * The JUnit extension's per-test overhead (issue 7): a suite of small tests, each with its own database seeded
 * from a 1 MB fixture, run through the JUnit Platform launcher and timed test by test.
 */
package io.github.ltxkit.bench.junit;
