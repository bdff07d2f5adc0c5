"""Bare layers, nested functional calls, an argument with a default, a layer never used."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

WIDTH = 8
EPOCHS = 15


class Net(nn.Module):
    def __init__(self, channels=WIDTH, p=0.05, device='cpu'):
        super().__init__()
        self.device = device
        self.p = p
        self.conv1 = nn.Conv2d(1, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels * 2, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(channels * 2)
        # never used in forward: PyTorch still counts it
        self.spare = nn.Conv2d(channels * 2, channels * 2, 3)
        self.conv3 = nn.Conv2d(channels * 2, 16, 3, padding=1)
        self.relu = nn.ReLU()
        self.fc1 = nn.Linear(16 * 3 * 3, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = x.to(self.device).view(-1, 1, 28, 28)
        x = F.relu(self.bn1(self.conv1(x)))              # 28
        x = F.max_pool2d(self.relu(self.bn2(self.conv2(x))), 2)   # 26 -> 13
        x = F.dropout(x, self.p, training=self.training)
        x = F.max_pool2d(F.relu(self.conv3(x)), kernel_size=2, stride=2, padding=1)  # 7
        x = F.avg_pool2d(x, 2)                           # 3
        x = x.view(x.size(0), -1)
        x = self.relu(self.fc1(x))
        x = self.fc2(x)
        return F.log_softmax(x)


def train(model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()


if __name__ == '__main__':
    model = Net().to('cpu')
    optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
