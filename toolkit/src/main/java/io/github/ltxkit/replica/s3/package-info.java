/**
 * Replicas in S3 and S3-compatible object stores through the AWS SDK v2 ({@link
 * io.github.ltxkit.replica.s3.S3ReplicaClient}); the only package of ltxkit that uses the SDK.
 */
package io.github.ltxkit.replica.s3;
