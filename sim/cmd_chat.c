/* floip chat: a terminal conversation with a flow (the loop lives in sim/chat.c). */
#include "sim/chat.h"
#include "sim/commands.h"

int cmd_chat(int argc, char **argv)
{
    return fl_chat_main(argc, argv, NULL, NULL);
}
