from fuwumaoyi_cli.cli import main

main()
