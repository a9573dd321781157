print("disklessd: not built yet")
