/** @odoo-module **/
// Copyright 2026 The BSC developers
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { useEffect } from "@odoo/owl";
import { getActiveHotkey } from "@web/core/hotkeys/hotkey_service";
import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

/**
 * The actual value of a measurement or an appraisal goal line, next to its
 * `has_actual` flag: "no value" shows an empty box, never 0.00.
 *
 * Typing a number in the empty box, 0 included, enters that value; emptying
 * the box forgets it. The plain float field cannot do either: 0 typed over a
 * shown 0.00 is no change for it, so nothing would be sent.
 */
export class BscActualField extends FloatField {
    setup() {
        super.setup();
        // Capture listeners run before the float field's own, which drop a
        // typed 0 as equal to the record's 0.
        useEffect(
            (input) => {
                if (!input) {
                    return;
                }
                const onChange = (ev) => this.commitHasValue(ev.target.value);
                const onKeydown = (ev) => {
                    if (["enter", "tab", "shift+tab"].includes(getActiveHotkey(ev))) {
                        this.commitHasValue(ev.target.value);
                    }
                };
                input.addEventListener("change", onChange, { capture: true });
                input.addEventListener("keydown", onKeydown, { capture: true });
                return () => {
                    input.removeEventListener("change", onChange, { capture: true });
                    input.removeEventListener("keydown", onKeydown, { capture: true });
                };
            },
            () => [this.inputRef.el]
        );
    }

    get hasValue() {
        return Boolean(this.props.record.data.has_actual);
    }

    get formattedValue() {
        return this.hasValue ? super.formattedValue : "";
    }

    /**
     * Set `has_actual` along with the value when the box goes from empty to
     * a number or back; a number changed into another is left to the float
     * field (the server sets `has_actual` for it).
     */
    commitHasValue(text) {
        const hasText = Boolean(text.trim());
        if (hasText === this.hasValue) {
            return;
        }
        let value = false; // no value: stored as NULL, shown empty
        if (hasText) {
            try {
                value = this.parse(text.trim());
            } catch {
                return; // the float field marks the input invalid
            }
        }
        this.props.record.update({ [this.props.name]: value, has_actual: hasText });
    }
}

export const bscActualField = {
    ...floatField,
    component: BscActualField,
    fieldDependencies: [{ name: "has_actual", type: "boolean" }],
};

registry.category("fields").add("bsc_actual", bscActualField);
