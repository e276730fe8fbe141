package dev.backstop.approval;

/** What one vote did to a request. */
public enum VoteOutcome {
    /** An approval counted; more are needed. */
    COUNTED,
    /** This approval was the last one needed: the restore may run now. */
    APPROVED,
    /** An approver denied it; the request is closed. */
    DENIED,
    /** This person already voted; nothing changed. */
    DUPLICATE,
    /** The voter is not in slack.approvers; nothing changed. */
    NOT_AN_APPROVER,
    /** The requester cannot approve their own request; nothing changed. */
    SELF_APPROVAL,
    /** The request expired before this vote; nothing changed but the state. */
    EXPIRED,
    /** The request was already decided; nothing changed. */
    CLOSED
}
