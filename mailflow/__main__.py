from mailflow.quick import main

main()
