/** The LTX codec throughput scenario and the sample database and incremental files it measures with. */
package io.github.ltxkit.bench.codec;
