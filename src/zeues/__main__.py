from zeues.cli import main

main()
