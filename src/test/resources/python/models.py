import torch
from torch import nn
import torch.nn.functional as F

dropout_value = 0.1


class Model_1(nn.Module):
    """Raw scores, for nn.CrossEntropyLoss; GAP as a mean over the maps."""

    def __init__(self):
        super(Model_1, self).__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.BatchNorm2d(8),
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.BatchNorm2d(16),
            nn.MaxPool2d(2, 2),
            nn.Conv2d(16, 10, 1),
        )

    def forward(self, x):
        x = self.features(x)
        return x.mean([2, 3])


class Model_2(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = nn.Sequential(
            nn.Conv2d(1, 10, kernel_size=3, padding=1),
            nn.BatchNorm2d(10),
            nn.LeakyReLU(0.1),
            nn.Dropout2d(dropout_value),
        )
        self.block2 = nn.Sequential(
            nn.Conv2d(10, 16, 3, stride=2),
            nn.GELU(),
        )
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = self.block2(self.block1(x))
        x = torch.flatten(self.gap(x), 1)
        x = self.head(x)
        return F.log_softmax(x, dim=1)


class Model_3(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, padding=2)
        self.conv2 = nn.Conv2d(16, 10, 3)
        self.dropout = nn.Dropout(dropout_value)

    def forward(self, x):
        x = F.avg_pool2d(F.gelu(self.conv1(x)), 2)
        x = self.dropout(x)
        x = F.adaptive_avg_pool2d(self.conv2(x), 1)
        x = x.squeeze()
        return x.log_softmax(dim=1)
