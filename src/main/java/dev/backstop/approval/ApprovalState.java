package dev.backstop.approval;

/**
 * Where a production-restore request is: waiting for votes, decided, expired, restoring (approved),
 * or ended: the restore carried out (executed) or not finished (failed).
 */
public enum ApprovalState {
    REQUESTED, APPROVED, DENIED, EXPIRED, EXECUTED, FAILED;

    /** Whether the request still takes votes. */
    public boolean open() {
        return this == REQUESTED;
    }
}
