package dev.backstop.approval;

import dev.backstop.core.BackstopException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The two-person rule as the CLI applies it: a production restore names two different
 * configured approvers with {@code --approved-by}, and neither may be the operator.
 */
public final class CliApprovals {

    private CliApprovals() {
    }

    /** Returns the two approvers in order, or throws a one-line explanation of what is missing. */
    public static List<String> check(String database, String operator, List<String> approvedBy, List<String> approvers) {
        return check(database, false, operator, approvedBy, approvers);
    }

    /**
     * As {@link #check(String, String, List, List)} for a restore that overwrites production database
     * {@code database}; {@code asTarget} says the restore names it as its target rather than restoring it.
     */
    public static List<String> check(String database, boolean asTarget, String operator, List<String> approvedBy,
                                     List<String> approvers) {
        String why = asTarget ? "the target is production database " + database
                : database + " is a production database";
        if (approvers.size() < 2) {
            throw new BackstopException(why + " and slack.approvers lists fewer than"
                    + " two people; add approvers to the config before restoring it");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String approver : approvedBy) {
            String name = approver.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!approvers.contains(name)) {
                throw new BackstopException(name + " is not a configured approver (slack.approvers: "
                        + String.join(", ", approvers) + ")");
            }
            if (name.equals(operator)) {
                throw new BackstopException(name + " cannot approve a restore they run; name two other approvers");
            }
            distinct.add(name);
        }
        if (distinct.size() < 2) {
            throw new BackstopException(why + ": restoring it needs"
                    + " --approved-by U1,U2 naming two different approvers from slack.approvers");
        }
        return List.copyOf(distinct);
    }
}
