"""EQiao (E桥): citizen service and new-media studio for a procuratorate."""
