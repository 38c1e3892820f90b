print("wasbox-wast")
