package io.github.ltxkit.fault;

import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;

/**
 * The exceptions injected faults raise: the type a real backend raises for the same failure, with a message that
 * ends in "(injected)". Stateless.
 */
final class InjectedExceptions {
    private InjectedExceptions() {
    }

    /** Returns the exception for a fault that fails a request before it reaches storage. */
    static ReplicaException failure(Fault fault, ReplicaOperation operation, String target) {
        return switch (fault) {
            case Fault.ErrorResponse e -> forStatus(e, operation, target);
            case Fault.ConnectionReset r ->
                    new TransientReplicaException(operation, target, "connection reset (injected)", null);
            case Fault.Partition p ->
                    new TransientReplicaException(operation, target, "network partition (injected)", null);
            default -> throw new IllegalArgumentException("fault does not fail a request: " + fault);
        };
    }

    /** Returns the exception for a response lost after storage carried out the request (or failed it: cause). */
    static TransientReplicaException lostResponse(ReplicaOperation operation, String target, Throwable cause) {
        String what = cause == null ? "after storage carried out the request" : "after storage failed the request";
        return new TransientReplicaException(operation, target, "response lost " + what + " (injected)", cause);
    }

    private static ReplicaException forStatus(Fault.ErrorResponse e, ReplicaOperation operation, String target) {
        int status = e.status();
        String message = status + " " + e.code() + " (injected)";
        if (status >= 500 || status == 408 || status == 429) {
            return new TransientReplicaException(operation, target, message, null);
        }
        return switch (status) {
            case 404 -> new ObjectNotFoundException(operation, target, message, null);
            case 412 -> new ObjectAlreadyExistsException(operation, target, message, null);
            case 401, 403 -> new ReplicaAccessException(operation, target, message, null);
            default -> new ReplicaException(operation, target, message, null);
        };
    }
}
