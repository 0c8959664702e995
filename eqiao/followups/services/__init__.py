"""Services of the follow-ups app: campaigns and their runs (`campaigns`, `runs`), replies
that become evaluations (`evaluations`) and the heads' tasks for dissatisfied ones."""
