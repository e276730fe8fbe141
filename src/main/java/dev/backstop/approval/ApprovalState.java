package dev.backstop.approval;

/** Where a production-restore request is: waiting for votes, decided, expired, or carried out. */
public enum ApprovalState {
    REQUESTED, APPROVED, DENIED, EXPIRED, EXECUTED;

    public boolean open() {
        return this == REQUESTED;
    }
}
