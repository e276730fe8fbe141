package dev.backstop.approval;

import dev.backstop.catalog.ApprovalRow;
import dev.backstop.catalog.Catalog;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cards of the requests a sweep ended, until each shows its ending: a card that cannot be updated is
 * logged and tried again at the next sweeps of this process, up to {@value #ATTEMPTS} times in all. Kept in
 * memory only; the request's state in the catalog and the line in the approvals channel do not depend on it.
 * Not safe for threads on its own: {@link ApprovalSweep} uses it under its lock.
 */
final class EndedCards {

    /** How many sweeps in a row try to update one card before giving up on it. */
    static final int ATTEMPTS = 5;

    private static final System.Logger LOG = System.getLogger(EndedCards.class.getName());

    private final Catalog catalog;
    private final RequestCards cards;
    /** Request ids whose card is still to be updated, with the attempts so far. */
    private final Map<String, Integer> stale = new LinkedHashMap<>();

    EndedCards(Catalog catalog, RequestCards cards) {
        this.catalog = catalog;
        this.cards = cards;
    }

    /** Marks the card of {@code request} as still showing the state before its ending. */
    void ended(ApprovalRequest request) {
        stale.putIfAbsent(request.id(), 0);
    }

    /** Shows each stale card's request as it is stored now; a card that fails is logged and never stops the others. */
    void showAll() {
        for (Iterator<Map.Entry<String, Integer>> each = stale.entrySet().iterator(); each.hasNext(); ) {
            Map.Entry<String, Integer> card = each.next();
            int attempt = card.getValue() + 1;
            try {
                Optional<ApprovalRow> row = catalog.findApproval(card.getKey());
                if (row.isPresent()) {
                    cards.show(ApprovalRows.request(row.get()), row.get().messageRef());
                }
                each.remove();
            } catch (IOException | RuntimeException failed) {
                boolean again = attempt < ATTEMPTS;
                LOG.log(System.Logger.Level.WARNING, "the card of restore request " + card.getKey() + " could not be"
                        + " updated (attempt " + attempt + " of " + ATTEMPTS + "): " + failed.getMessage()
                        + (again ? "; trying again at the next sweep" : "; giving up, the card stays as it was"));
                if (again) {
                    card.setValue(attempt);
                } else {
                    each.remove();
                }
            }
        }
    }
}
