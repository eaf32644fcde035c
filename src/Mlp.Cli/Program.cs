Console.WriteLine("mlp");
