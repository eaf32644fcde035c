namespace Mlp.Cli;

/// <summary>
/// The words of <c>mlp walkthrough</c> in one language. The Chinese ones are the seed's own
/// headings (it is bilingual); <c>{0}</c> in a template is a layer name or a number.
/// </summary>
public sealed record WalkthroughText(
    string Title, string Structure, string InputLayer, string HiddenLayer, string OutputLayer, string LossName,
    string InitialWeights, string Sample, string Step1, string Computation, string LossCalculation,
    string Mse, string CrossEntropy, string BinaryCrossEntropy, string Step2, string SigmoidDerivative,
    string Verification, string VerifyAtZero, string DerivedFormula, string OriginalFormula, string Match,
    string Mismatch, string ErrorCalculation, string Step3, string LearningRate, string WeightUpdates,
    string BiasUpdates, string SeedRounding, string SoftmaxJacobian, string After, string Colon)
{
    /// <summary>English, the seed's wording.</summary>
    public static WalkthroughText English { get; } = new(
        "Backpropagation, step by step: every number computed by the library",
        "Network Structure:", "Input layer: {0} ({1})", "Hidden layer{0}: {1} ({2}), {3}",
        "Output layer: {0} ({1}), {2}", "Loss: {0}",
        "Initial Weights and Biases:", "Training Sample: ({0}) = ({1}), target output {2} = {3}",
        "Step 1: Forward Propagation", "{0} Computation:", "Loss Calculation:",
        "Using mean squared error loss:", "Using cross-entropy loss:", "Using binary cross-entropy loss:",
        "Step 2: Backpropagation", "Derivative of Sigmoid Function:", "Verification with Numerical Example:",
        "Let's verify this formula with z = 0:", "Using our derived formula:", "Using the original derivative formula:",
        "✓ The results match!", "✗ The results differ!", "{0} Error Calculation:",
        "Step 3: Weight and Bias Updates", "Let learning rate η = {0}", "{0} Weight Updates:", "{0} Bias Updates:",
        "(rounding every step to 3 decimals, as the seed does: {0})", "(through the softmax Jacobian)",
        "Loss on this sample after one step: {0} (before: {1})", ":");

    /// <summary>Chinese, the seed's own headings.</summary>
    public static WalkthroughText Chinese { get; } = new(
        "反向传播逐步计算：每个数字都由库计算",
        "网络结构：", "输入层：{0} ({1})", "隐藏层{0}：{1} ({2})，{3}",
        "输出层：{0} ({1})，{2}", "损失：{0}",
        "初始权重和偏置：", "训练样本：({0}) = ({1})，目标输出 {2} = {3}",
        "步骤1：前向传播", "{0}计算：", "损失计算：",
        "使用均方误差损失：", "使用交叉熵损失：", "使用二分类交叉熵损失：",
        "步骤2：反向传播", "Sigmoid函数的导数：", "数值验证例子：",
        "让我们用 z = 0 验证这个公式：", "使用我们推导的公式：", "使用原始导数公式：",
        "✓ 结果匹配！", "✗ 结果不匹配！", "{0}误差计算：",
        "步骤3：权重和偏置更新", "设学习率 η = {0}", "{0}权重更新：", "{0}偏置更新：",
        "（像原文一样每步保留三位小数：{0}）", "（经过 softmax 的雅可比矩阵）",
        "一步更新后该样本的损失：{0}（更新前：{1}）", "：");

    /// <summary>What a saved model's preprocessing did to <c>--x</c>: scaled (raw → encoded), nothing to do, or not applicable.</summary>
    public string Preprocessed(string raw, string input) => ReferenceEquals(this, Chinese)
        ? $"模型的预处理（在其训练数据上拟合，含缺失值填补与缩放）把原始样本 ({raw}) 变成网络的输入 ({input})；下面从这里开始。"
        : $"The model's preprocessing (fitted on its training rows: filling and scaling) turns the raw sample ({raw}) into the network's input ({input}); the walk starts there.";

    /// <summary>A saved model with no preprocessing.</summary>
    public string NoPreprocessing => ReferenceEquals(this, Chinese)
        ? "该模型没有预处理：--x 直接作为网络的输入。"
        : "The model has no preprocessing: --x is the network's input as given.";

    /// <summary>A saved model whose text columns --x cannot give.</summary>
    public string PreprocessingNotApplied(int inputs, string names) => ReferenceEquals(this, Chinese)
        ? $"该模型对文本列做独热编码，--x 无法给出原始文本，所以不应用预处理：--x 被当作预处理之后网络的 {inputs} 个输入（{names}）。"
        : $"The model one-hot encodes text columns, which --x cannot give, so its preprocessing is not applied: --x is taken as the network's {inputs} inputs after it ({names}).";

    /// <summary>"2 neurons" / "2个神经元".</summary>
    public string Neurons(int count) =>
        ReferenceEquals(this, Chinese) ? $"{count}个神经元" : count == 1 ? "1 neuron" : $"{count} neurons";

    /// <summary>The name of layer <paramref name="l"/> of <paramref name="layers"/> in headings.</summary>
    public string LayerName(int l, int layers)
    {
        var zh = ReferenceEquals(this, Chinese);
        if (l == layers) return zh ? "输出层" : "Output Layer";
        var number = layers > 2 ? (zh ? $"{l}" : $" {l}") : "";
        return (zh ? "隐藏层" : "Hidden Layer") + number;
    }
}
