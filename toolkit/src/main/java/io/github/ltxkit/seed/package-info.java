/**
 * Seeding replicas: {@link io.github.ltxkit.seed.Seeder} writes a database file or a SQL script as a snapshot,
 * copies Litestream replica directories, and copies one replica into another.
 */
package io.github.ltxkit.seed;
