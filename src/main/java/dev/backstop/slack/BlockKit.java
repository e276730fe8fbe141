package dev.backstop.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.backstop.chat.ApprovalCard;
import dev.backstop.chat.Reply;
import java.util.ArrayList;
import java.util.List;

/** Renders neutral replies and cards as Block Kit: a mrkdwn section, the detail as a preformatted section, and buttons. */
final class BlockKit {

    static final String CONFIRM = "backstop.confirm";
    static final String CANCEL = "backstop.cancel";
    static final String APPROVE = "backstop.approve";
    static final String DENY = "backstop.deny";

    private static final int SECTION_LIMIT = 2900;

    private BlockKit() {
    }

    static List<LayoutBlock> blocks(Reply reply) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(clip(reply.text())))));
        if (!reply.detail().isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("```" + clip(reply.detail()) + "```"))));
        }
        return blocks;
    }

    /** The question, then a primary {@code label} button and a Cancel button that carry {@code id}. */
    static List<LayoutBlock> question(Reply question, String label, String id) {
        List<LayoutBlock> blocks = blocks(question);
        blocks.add(actions(a -> a.blockId("backstop.confirmation").elements(List.of(
                button(b -> b.actionId(CONFIRM).text(plainText(label)).style("primary").value(id)),
                button(b -> b.actionId(CANCEL).text(plainText("Cancel")).value(id))))));
        return blocks;
    }

    /** A restore request's card; while it is open, Approve (behind a confirm dialog) and Deny buttons carry its id. */
    static List<LayoutBlock> approval(ApprovalCard card) {
        List<LayoutBlock> blocks = blocks(card.body());
        if (card.open()) {
            blocks.add(actions(a -> a.blockId("backstop.approval").elements(List.of(
                    button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary").value(card.requestId())
                            .confirm(ConfirmationDialogObject.builder().title(plainText("Approve this restore?"))
                                    .text(plainText("Approving restore request " + card.requestId() + " counts as one of"
                                            + " the two approvals it needs; the second one starts the restore."))
                                    .confirm(plainText("Approve")).deny(plainText("Back")).build())),
                    button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(card.requestId()))))));
        }
        return blocks;
    }

    private static String clip(String text) {
        return text.length() <= SECTION_LIMIT ? text : text.substring(0, SECTION_LIMIT) + "\n…";
    }
}
