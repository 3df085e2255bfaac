/* block.c: block kind -> vtable. */
#include "blocks/block.h"

const fl_block_vtable *fl_block_vtable_of(const fl_block *b)
{
    switch (b->kind) {
    case FL_BT_LOG:
        return &fl_block_log;
    case FL_BT_CASE:
        return &fl_block_case;
    case FL_BT_OUTPUT:
        return &fl_block_output;
    case FL_BT_RUN_FLOW:
        return &fl_block_run_flow;
    case FL_BT_SET_CONTACT_PROPERTY:
        return &fl_block_set_contact_property;
    case FL_BT_SET_GROUP_MEMBERSHIP:
        return &fl_block_set_group_membership;
    case FL_BT_WEBHOOK:
        return &fl_block_webhook;
    case FL_BT_PRINT:
        return &fl_block_print;
    case FL_BT_READ:
        return &fl_block_read;
    case FL_BT_MESSAGE:
        return &fl_block_message;
    case FL_BT_SELECT_ONE:
        return &fl_block_select_one;
    case FL_BT_SELECT_MANY:
        return &fl_block_select_many;
    case FL_BT_NUMERIC:
        return &fl_block_numeric;
    case FL_BT_OPEN:
        return &fl_block_open;
    case FL_BT_LOCATION:
        return &fl_block_location;
    case FL_BT_PHOTO:
        return &fl_block_photo;
    case FL_BT_CUSTOM:
    case FL_BT_COUNT:
        break;
    }
    return &fl_block_custom;
}
