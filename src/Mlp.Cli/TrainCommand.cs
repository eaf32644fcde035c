using System.CommandLine;

namespace Mlp.Cli;

/// <summary>
/// <c>mlp train</c>: every option is read as text and checked by
/// <see cref="TrainValidation.Validate"/>, so all problems are reported together, in our words.
/// </summary>
public static class TrainCommand
{
    // name, value placeholder, description (defaults come from TrainOptions.Defaults).
    private static readonly (string Name, string Value, string Help)[] Valued =
    [
        ("--data", "xor|iris|digits|fashion-mnist|FILE.csv", "training data [default: iris]"),
        ("--target", "COLUMN[,COLUMN…]", "target column(s) of a CSV [default: the last column]"),
        ("--hidden", "64,32", "hidden layer widths, or 'none' [default: 16]"),
        ("--activation", "relu", "hidden activation: identity|sigmoid|tanh|relu|leaky-relu|gelu [default: relu]"),
        ("--loss", "auto", "auto|mse|cross-entropy|binary-cross-entropy [default: auto]"),
        ("--optimizer", "adam", "sgd|momentum|nesterov|adam|adamw|rmsprop [default: adam]"),
        ("--lr", "X", "learning rate η > 0 [default: 0.01]"),
        ("--momentum", "0.9", "momentum for momentum and nesterov, in [0, 1) [default: 0.9]"),
        ("--epochs", "N", "passes over the training rows [default: 100]"),
        ("--batch-size", "N|full", "rows per mini-batch [default: 16]"),
        ("--seed", "N", "seed of initialisation, split and shuffling [default: 42]"),
        ("--init", "NAME", "xavier-uniform|xavier-normal|he-uniform|he-normal [default: he-uniform for relu-like, else xavier-uniform]"),
        ("--preprocess", "standardize", "standardize|minmax|none, fitted on training rows [default: standardize]"),
        ("--validation", "FRACTION", "fraction held out for validation, 0 for none [default: 0.2; 0 with a test set and no early stopping, or under 50 rows]"),
        ("--test", "FILE", "a CSV of test rows, scored at the end"),
        ("--early-stopping", "PATIENCE", "stop after this many epochs without a better validation loss"),
        ("--init-model", "MODEL.json", "continue from a saved model (its layers, loss, classes, preprocessing)"),
        ("--out", "MODEL.json", "write the trained model (the best one, with early stopping)"),
        ("--plot", "CURVE.png", "draw loss and accuracy curves"),
        ("--plot-boundary", "REGIONS.png", "draw the decision regions of 2-input data with the training points"),
        ("--weight-decay", "X", "L2 weight decay, decoupled for adamw [default: 0; 0.01 for adamw, as PyTorch]"),
        ("--clip-norm", "X", "clip gradients to this global norm"),
        ("--schedule", "constant", "learning-rate schedule: constant|step|cosine [default: constant]"),
        ("--warmup", "EPOCHS", "epochs of linear learning-rate warm-up [default: 0]"),
        ("--threads", "N", "threads for the matrix products [default: all cores]"),
    ];

    private static readonly (string Name, string Help)[] Switches =
    [
        ("--no-shuffle", "visit rows in file order every epoch"),
        ("--quiet", "print only the final results"),
    ];

    /// <summary>The <c>train</c> command; its action checks the options, then hands them to <see cref="TrainRunner"/>.</summary>
    public static Command Create(Terminal terminal)
    {
        var command = new Command("train", "train a network and show what it learned");
        foreach (var (name, value, help) in Valued)
            command.Add(new Option<string>(name) { HelpName = value, Description = help });
        foreach (var (name, help) in Switches)
            command.Add(new Option<bool>(name) { Description = help });
        command.SetAction(parse => TrainValidation
            .Validate(name => parse.GetValue<string>(name), name => parse.GetValue<bool>(name))
            .Match(
                Succ: options => TrainRunner.Run(options, terminal),
                Fail: errors => Cli.UsageErrors(terminal, errors.Select(e => e.Message), "mlp train")));
        return command;
    }
}
