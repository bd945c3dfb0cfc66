namespace Shop;

public class Function
{
    public string Handler(string input) => input;
}
