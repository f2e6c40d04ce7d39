from factcheck.cli.process import run

if __name__ == "__main__":
    run()
